from django import forms

from .query import ORDERS, STATUSES, ParsedQuery, parse


class AdvancedSearchForm(forms.Form):
    """The filters as fields; it builds the same text query the search box takes."""

    words = forms.CharField(required=False, max_length=500, label="Words")
    phrase = forms.CharField(required=False, max_length=200, label="Exact phrase")
    category = forms.ChoiceField(required=False, label="Category")
    tags = forms.CharField(
        required=False,
        max_length=200,
        label="Tags",
        help_text="Topics with any of these tags, separated by commas.",
    )
    username = forms.CharField(required=False, max_length=150, label="Posted by")
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any"), *((s, s.capitalize()) for s in STATUSES)],
    )
    where = forms.ChoiceField(
        required=False,
        label="Match in",
        choices=[
            ("", "Titles and posts"),
            ("title", "Titles only"),
            ("first", "First posts only"),
        ],
    )
    after = forms.DateField(
        required=False,
        label="Posted on or after",
        widget=forms.DateInput({"type": "date"}),
    )
    before = forms.DateField(
        required=False, label="Posted before", widget=forms.DateInput({"type": "date"})
    )
    order = forms.ChoiceField(
        required=False,
        label="Order",
        choices=[("", "Best match"), *((o, o.capitalize()) for o in ORDERS)],
    )

    def __init__(self, *args, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Any")] + [
            (category.slug, str(category)) for category in categories
        ]

    @staticmethod
    def initial_from(query: ParsedQuery) -> dict:
        where = "title" if query.in_title else "first" if query.in_first else ""
        return {
            "words": " ".join(query.words),
            "phrase": query.phrases[0] if query.phrases else "",
            "category": query.categories[0] if query.categories else "",
            "tags": ",".join(query.tags),
            "username": query.usernames[0] if query.usernames else "",
            "status": query.status or "",
            "where": where,
            "after": query.after,
            "before": query.before,
            "order": query.order or "",
        }

    def to_query(self) -> ParsedQuery:
        data = self.cleaned_data
        phrase = data["phrase"].replace('"', " ").strip()
        parts = [
            data["words"].replace('"', " "),
            f'"{phrase}"' if phrase else "",
            f"#{data['category']}" if data["category"] else "",
            "tags:" + data["tags"].replace(" ", "") if data["tags"].strip() else "",
            f"@{data['username'].lstrip('@')}" if data["username"].strip() else "",
            f"status:{data['status']}" if data["status"] else "",
            f"in:{data['where']}" if data["where"] else "",
            f"after:{data['after'].isoformat()}" if data["after"] else "",
            f"before:{data['before'].isoformat()}" if data["before"] else "",
            f"order:{data['order']}" if data["order"] else "",
        ]
        return parse(" ".join(part for part in parts if part))
