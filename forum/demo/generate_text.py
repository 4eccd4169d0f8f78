"""Made-up but plausible forum text for `generate_forum`: titles and Markdown bodies
of 100-1,500 characters with code blocks, math, links, lists, quotes and mentions,
in the vocabulary of an astronomy collaboration. Deterministic for a given Random.

Search benchmarks rely on three properties: COMMON_WORD appears in most bodies,
RARE_WORD in about one body in 400, and PHRASE in about one in ten.
"""

from __future__ import annotations

import random

COMMON_WORD = "butler"
RARE_WORD = "zeldovich"
PHRASE = "photometric redshift"

MIN_BODY, MAX_BODY = 100, 1500

TOOLS = [
    "the Butler",
    "TAP",
    "the Portal",
    "a Jupyter notebook",
    "pipetask",
    "astropy",
    "pandas",
    "the RSP",
    "SQL",
    "lsst.afw",
]
THINGS = [
    "calexp images",
    "deepCoadd patches",
    "the Object table",
    "forced photometry",
    "PSF models",
    "difference images",
    "source catalogs",
    "light curves",
    "the truth-match table",
    "sky maps",
    "WCS headers",
    "mask planes",
    "variance planes",
    "DiaSources",
    "visit summaries",
]
VERBS = [
    "read",
    "query",
    "plot",
    "cross-match",
    "stack",
    "filter",
    "download",
    "calibrate",
    "cut out",
    "reproject",
]
PROBLEMS = [
    "a KeyError",
    "a timeout",
    "empty results",
    "NaN fluxes",
    "a memory error",
    "wrong coordinates",
    "duplicated rows",
    "a permission error",
]
TITLE_PATTERNS = [
    "How do I {verb} {thing} with {tool}?",
    "{tool} returns {problem} when I {verb} {thing}",
    "Best way to {verb} {thing} for a large area",
    "Why does {tool} give {problem} for {thing}?",
    "Tips for working with {thing} in {tool}",
    "Can't {verb} {thing} after the latest release",
    "Comparing {thing} between two data releases",
    "Is there a faster way to {verb} {thing}?",
]
SENTENCES = [
    "I am trying to {verb} {thing} with {tool} and I get {problem}.",
    "The {word} step works for one tract but not for the whole region.",
    "Following the tutorial, {tool} should let me {verb} {thing} directly.",
    "I checked the {word} column and it looks fine, so the problem is elsewhere.",
    "With {tool} the query finishes in about {n} seconds for {n2} rows.",
    "Has anyone compared {thing} against the {word} values from the truth table?",
    "You can {verb} {thing} with **{tool}** if you pass the right `dataId`.",
    "This is expected: {thing} are only produced for detector {n}.",
    "See [the documentation](https://dp0.example.org/{word}/{n}) for the details.",
    "The {COMMON} caches the repository, so the second call is much faster.",
    "Setting `{word}={n}` in the config fixed it for me.",
    "The flux ratio is about ${n}/{n2}$, which matches the {word} estimate.",
    "I would start from the *{word}* notebook and adapt the cuts.",
    "Thanks, that worked! The {word} plot now looks right.",
    "Note that ${sym}$ is in nanojansky, not in magnitudes.",
]
WORDS = [
    "extendedness",
    "blendedness",
    "deblend",
    "coadd",
    "ellipticity",
    "centroid",
    "airmass",
    "seeing",
    "zeropoint",
    "footprint",
    "parallax",
    "magnitude",
    "tract",
    "patch",
    "visit",
    "band",
]
SYMBOLS = [r"f_\nu", r"\sigma_{psf}", r"m_r - m_i", r"\Delta t", r"z_{phot}"]
CODE_BLOCKS = [
    (
        "python",
        "from lsst.daf.butler import Butler\n"
        "butler = Butler('dp02', collections='2.2i/runs/DP0.2')\n"
        "calexp = butler.get('calexp', dataId={{'visit': {n}, 'detector': {n2}}})\n"
        "print(calexp.getWcs())",
    ),
    (
        "python",
        "import numpy as np\n"
        "flux = table['{word}_flux'][:]\n"
        "mag = -2.5 * np.log10(flux) + 31.4\n"
        "good = np.isfinite(mag) & (mag < {n2})",
    ),
    (
        "sql",
        "SELECT objectId, coord_ra, coord_dec, {word}\n"
        "FROM dp02_dc2_catalogs.Object\n"
        "WHERE CONTAINS(POINT('ICRS', coord_ra, coord_dec),\n"
        "               CIRCLE('ICRS', 62.0, -37.0, 0.{n})) = 1",
    ),
    (
        "bash",
        "pipetask run -b dp02 -i 2.2i/runs/DP0.2 \\\n"
        "  -o u/me/{word} -p $DRP_PIPE_DIR/pipelines/LSSTCam-imSim/DRP.yaml#step{n2}",
    ),
    ("text", "Traceback (most recent call last):\n  ...\nKeyError: '{word}_{n}'"),
]
DISPLAY_MATH = [
    r"m = -2.5 \log_{{10}}\left(\frac{{f}}{{{n}\,\mathrm{{nJy}}}}\right) + 31.4",
    r"\sigma^2 = \frac{{1}}{{N}} \sum_{{i=1}}^{{N}} (x_i - \bar{{x}})^2",
    r"z = \frac{{\lambda_{{obs}} - \lambda_{{rest}}}}{{\lambda_{{rest}}}}",
]
QUOTES = [
    "The {word} flag is set when the measurement failed.",
    "Use {tool} for anything larger than a few patches.",
]


class TextMaker:
    """Titles and bodies drawn from `rng`; `mentionable` are usernames to @mention."""

    def __init__(self, rng: random.Random, mentionable: list[str]) -> None:
        self.rng = rng
        self.mentionable = mentionable

    def _fill(self, pattern: str) -> str:
        r = self.rng
        return pattern.format(
            verb=r.choice(VERBS),
            thing=r.choice(THINGS),
            tool=r.choice(TOOLS),
            problem=r.choice(PROBLEMS),
            word=r.choice(WORDS),
            sym=r.choice(SYMBOLS),
            n=r.randint(2, 999),
            n2=r.randint(2, 99),
            COMMON=COMMON_WORD.capitalize(),
        )

    def title(self) -> str:
        title = self._fill(self.rng.choice(TITLE_PATTERNS))
        return title[0].upper() + title[1:]

    def _paragraph(self) -> str:
        count = self.rng.randint(1, 4)
        return " ".join(self._fill(self.rng.choice(SENTENCES)) for _ in range(count))

    def _block(self) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.25:
            language, code = r.choice(CODE_BLOCKS)
            return f"```{language}\n{self._fill(code)}\n```"
        if kind < 0.35:
            return f"$$\n{self._fill(r.choice(DISPLAY_MATH))}\n$$"
        if kind < 0.50:
            items = [self._fill(r.choice(SENTENCES)) for _ in range(r.randint(2, 4))]
            marker = "1." if r.random() < 0.3 else "-"
            return "\n".join(f"{marker} {item}" for item in items)
        if kind < 0.58:
            return "> " + self._fill(r.choice(QUOTES))
        if kind < 0.66 and self.mentionable:
            return f"@{r.choice(self.mentionable)} " + self._paragraph()
        return self._paragraph()

    def body(self) -> str:
        """One post body: blocks appended while they fit a skewed target length."""
        r = self.rng
        target = int(min(MAX_BODY, max(MIN_BODY, r.lognormvariate(6.1, 0.6))))
        parts = [self._paragraph()]
        if r.random() < 0.1:
            parts.append(f"It is a {PHRASE} question, really.")
        if r.random() < 0.0025:
            parts.append(f"Could the {RARE_WORD} approximation explain it?")
        for _ in range(12):
            block = self._block()
            if len("\n\n".join([*parts, block])) > target:
                break
            parts.append(block)
        text = "\n\n".join(parts)
        while len(text) < MIN_BODY:
            text += " " + self._fill(r.choice(SENTENCES))
        return text[:MAX_BODY] if len(text) > MAX_BODY else text


def longest_post(length: int) -> str:
    """A plausible post of exactly `length` characters: prose, code, math, lists."""
    maker = TextMaker(random.Random(7), [])
    parts: list[str] = []
    while len("\n\n".join(parts)) < length:
        parts.append(maker._block())
    return "\n\n".join(parts)[:length]


def hostile_posts(length: int) -> dict[str, str]:
    """Inputs built to be slow to parse, each `length` characters long."""
    half = length // 2
    return {
        "nested emphasis": ("*" * half + "x" + "*" * half)[:length],
        "nested brackets": ("[" * half + "x" + "]" * half)[:length],
        "nested quotes": ("> " * (length // 2))[:length],
        "nested lists": "\n".join(" " * (i % 40) + "- x" for i in range(length // 40))[
            :length
        ],
        "unclosed backticks": ("`a " * (length // 3))[:length],
        "many dollars": ("$x$ $ " * (length // 6))[:length],
        "deep math": ("$$" + r"\frac{" * 400 + "x" + "}{y}" * 400 + "$$")[:length],
        "many mentions": ("@user0001 " * (length // 10))[:length],
        "many links": ("[a](https://e.org/x) " * (length // 21))[:length],
        "many autolinks": ("https://example.org/a " * (length // 22))[:length],
        "html soup": ("<div><script>x</script><b>" * (length // 26))[:length],
        "one long line": "a" * length,
        "big table": ("|a|b|c|\n|-|-|-|\n" + "|1|`2`|**3**|\n" * (length // 14))[
            :length
        ],
    }
