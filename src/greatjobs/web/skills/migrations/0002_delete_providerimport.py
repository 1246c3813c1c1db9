"""Provider imports move from the web app's database to the skills store (``Home.skills_store``),
which the command line shares: any imports made on the web so far are copied into the store,
with who imported them and when, before the table is dropped."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def copy_imports_to_the_store(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    provider_import = apps.get_model("skills", "ProviderImport")
    if not provider_import.objects.exists():
        return
    import pandas as pd

    from greatjobs.skills.records import COUNTS, MONEY, RECORD_COLUMNS, ImportResult, RowError
    from greatjobs.skills.store import save_import
    from greatjobs.web.core.warehouse import current_home

    home = current_home()
    for stored in provider_import.objects.select_related("imported_by").order_by("id"):
        records = pd.DataFrame(stored.records, columns=list(RECORD_COLUMNS))
        for column in ("source_row", "level", *COUNTS):
            records[column] = records[column].astype("int64")
        for column in (*MONEY, "unpaid_placement_weeks"):
            records[column] = pd.to_numeric(records[column], errors="coerce")
        result = ImportResult(
            records,
            errors=[RowError(**error) for error in stored.errors],
            read=stored.read,
            notes=[str(note) for note in stored.notes],
        )
        user = stored.imported_by
        who = f"web:{user.username}" if user is not None else "web"
        save_import(home, result, stored.filename, who, imported_at=stored.imported_at)


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_imports_to_the_store, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="ProviderImport",
        ),
    ]
