"""Local measure codes unique ignoring case, and retirement.

Before the constraint is added, existing local measures are made to fit it: one whose code is a
library measure's, ignoring case, is retired (it was never usable: the social value pages could not
merge it); one whose code repeats an earlier local measure's, ignoring case, is retired and given a
new code, and the contracts, commitments and return lines that named it by its old code are
changed with it, so nothing already recorded changes meaning.
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone

from greatjobs.socialvalue import load_library
from greatjobs.socialvalue.measures import LOCAL_CODE_LENGTH, normalise_code


def _new_code(code: str, pk: int, seen: set[str]) -> str:
    for attempt in range(100):
        suffix = f"-DUP{pk}" + (f"-{attempt}" if attempt else "")
        new = code.strip()[: max(0, LOCAL_CODE_LENGTH - len(suffix))] + suffix
        if normalise_code(new) not in seen:
            return new
    raise RuntimeError(f"Could not find a free code for local measure {pk}.")


def retire_clashing_codes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    LocalMeasure = apps.get_model("socialvalue", "LocalMeasure")
    references = [
        apps.get_model("socialvalue", name)
        for name in ("ContractMeasure", "Commitment", "ReturnLine")
    ]
    shipped = {m.id for m in load_library().measures}
    library = {normalise_code(code) for code in shipped}
    now = timezone.now()
    measures = list(LocalMeasure.objects.order_by("pk"))
    seen = library | {normalise_code(m.code) for m in measures}
    kept: set[str] = set()
    for measure in measures:
        key = normalise_code(measure.code)
        if key in kept:
            old = measure.code
            measure.code = _new_code(old, measure.pk, seen)
            seen.add(normalise_code(measure.code))
            measure.retired_at = measure.retired_at or now
            measure.save(update_fields=["code", "retired_at"])
            if old not in shipped:  # a library code names the library's measure
                for model in references:
                    model.objects.filter(measure_id=old).update(measure_id=measure.code)
            continue
        kept.add(key)
        if key in library:
            measure.retired_at = measure.retired_at or now
            measure.save(update_fields=["retired_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_employer_assessor_roles"),
        ("socialvalue", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="localmeasure",
            name="retired_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(retire_clashing_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="localmeasure",
            name="code",
            field=models.CharField(help_text="For example LCR-CARE-01.", max_length=20),
        ),
        migrations.AddConstraint(
            model_name="localmeasure",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Upper("code"),
                name="sv_local_code_unique_ignoring_case",
                violation_error_message="There is already a local measure with this code.",
            ),
        ),
    ]
