from __future__ import annotations

from apptlint.payload import snapshots
from apptlint.code.rule import Invalid
from apptlint.code.urls_access import UrlsUseRule


class NoFlatReplacement(UrlsUseRule):
    """
    ## What it does
    Finds any use of a deprecated `urls` key that has no flat replacement in 1.6.0, which
    today is `urls.add_to_google_calendar`.

    ## Why is this bad
    The `urls` object is deprecated. 1.6.0 has no `add_to_google_calendar_url`, so when `urls`
    goes away this value goes with it. `add_to_calendar_url` is the supported way to let a
    client add the appointment to a calendar, Google Calendar included.

    ## Example
    ```python
    link = appt["urls"]["add_to_google_calendar"][0]
    ```
    Use instead:
    ```python
    link = appt["add_to_calendar_url"]
    ```

    ## Fix safety
    Report only: the two URLs lead to different pages, so the change is a product decision.
    """

    code = "APT003"
    name = "no-flat-replacement"
    finish_order = 30
    finish_step = "replace `urls` keys without a flat field (APT003)"
    summary = "Use of a deprecated `urls` key that has no flat field"

    VALID = [
        'x = appt["add_to_calendar_url"]',
        'x = appt["urls"]["add_to_calendar"][0]',
        'x = repo["urls"]["add_to_google"]',
    ]
    INVALID = [
        Invalid(
            'x = appt["urls"]["add_to_google_calendar"][0]',
            line=1,
            column=5,
            message="`urls.add_to_google_calendar` is deprecated and 1.6.0 has no flat field for it; use `add_to_calendar_url` instead",
        ),
        Invalid(
            'x = appt.get("urls", {}).get("add_to_google_calendar", [None])[0]',
            line=1,
            column=5,
            message="`urls.add_to_google_calendar` is deprecated and 1.6.0 has no flat field for it; use `add_to_calendar_url` instead",
        ),
        Invalid(
            "x = appt.urls.add_to_google_calendar[0]",
            line=1,
            column=5,
            message="`urls.add_to_google_calendar` is deprecated and 1.6.0 has no flat field for it; use `add_to_calendar_url` instead",
        ),
        Invalid(
            'for u in appt["urls"]["add_to_google_calendar"]:\n    print(u)',
            line=1,
            column=10,
            message="`urls.add_to_google_calendar` is deprecated and 1.6.0 has no flat field for it; use `add_to_calendar_url` instead",
        ),
    ]

    def check_use(self, use) -> None:
        if use.entry.key not in snapshots.keys_without_replacement(self.version):
            return
        instead = snapshots.use_instead(self.version).get(use.entry.key)
        self.report(
            use.node,
            f"`urls.{use.entry.key}` is deprecated and {self.version} has no flat field for it"
            + (f"; use `{instead}` instead" if instead else ""),
        )

    @classmethod
    def check_template(cls, template, settings):
        from apptlint.code.templates.model import TemplateHit
        from apptlint.code.templates.urls_chains import template_aliases, urls_uses

        version = settings.target_version or snapshots.latest_version()
        mapping = snapshots.url_key_map(version)
        for use in urls_uses(template.chains, version, template_aliases(template.source)):
            if use.key.key in mapping:
                continue
            instead = snapshots.use_instead(version).get(use.key.key)
            yield TemplateHit(
                use.urls.start,
                use.key.end,
                f"`urls.{use.key.key}` is deprecated and {version} has no flat field for it"
                + (f"; use `{instead}` instead" if instead else ""),
            )
