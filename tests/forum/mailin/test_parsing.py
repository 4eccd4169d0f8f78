import pytest

from forum.mailin import parsing

from . import mails

NEW_TEXT = (
    "Thanks, that fixed it: the Butler finds the collection now.\n\n"
    "    butler = Butler(repo, collections=['HSC/runs/RC2'])\n\n"
    "- first I set the collection\n- then it worked"
)


def _text(message) -> str:
    mail = parsing.parse(message.as_bytes())
    return parsing.new_text(parsing.body_markdown(mail.message))


@pytest.mark.parametrize(
    "shape", [mails.gmail_reply, mails.outlook_reply, mails.apple_reply]
)
def test_client_replies_come_out_as_the_new_text_only(shape):
    message = shape(sender="alice@example.org", to="reply+k@x", text=NEW_TEXT)

    assert _text(message) == NEW_TEXT


def test_html_only_reply_becomes_markdown_without_the_quote():
    message = mails.html_only_reply(
        sender="alice@example.org",
        to="reply+k@x",
        html=(
            "<div>It works with <b>HSC/runs/RC2</b> as in "
            '<a href="https://pipelines.lsst.io">the docs</a>.</div>'
            '<div class="gmail_quote">On Mon, Nov 30, 2026 at 10:12 AM Meridian '
            "wrote:<blockquote>Try setting the collection.</blockquote></div>"
        ),
    )

    assert _text(message) == (
        "It works with **HSC/runs/RC2** as in [the docs](https://pipelines.lsst.io)."
    )


def test_signature_after_dash_dash_is_dropped():
    message = mails.plain(
        sender="alice@example.org",
        to="reply+k@x",
        text="The fix is to upgrade the stack to w.2026.48.\n\n-- \nAlice Astro\nRubin",
    )

    assert _text(message) == "The fix is to upgrade the stack to w.2026.48."


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"Precedence": "list"},
        {"X-Autoreply": "yes"},
        {"Return-Path": "<>"},
        {"subject": "Out of Office: Reading calexp images"},
    ],
)
def test_machine_written_mail_is_recognised(headers):
    message = mails.auto_reply(sender="alice@example.org", to="reply+k@x", **headers)

    assert parsing.is_auto_reply(parsing.parse(message.as_bytes()))


def test_a_person_s_reply_is_not_taken_for_an_auto_reply():
    message = mails.gmail_reply(sender="alice@example.org", to="x@y", text=NEW_TEXT)

    assert not parsing.is_auto_reply(parsing.parse(message.as_bytes()))


def test_delivery_report_gives_its_status():
    report = mails.delivery_report(to="bounce+k@x", failed="alice@example.org")
    mail = parsing.parse(report.as_bytes())

    assert parsing.is_bounce(mail)
    assert parsing.bounce_status(mail.message) == "5.1.1"


def test_subject_tags_are_read_and_taken_out_of_the_title():
    assert parsing.subject_title_and_tags("[butler] [DP0.2] Reading calexp images") == (
        "Reading calexp images",
        ["butler", "dp0.2"],
    )


def test_envelope_recipients_come_before_header_ones():
    message = mails.plain(sender="a@example.org", to="list@example.org", text="x")

    mail = parsing.parse(message.as_bytes(), ["Reply+K@Incoming.Testserver"])

    assert mail.recipients == ["reply+k@incoming.testserver", "list@example.org"]
