"""Search reads a stored, GIN-indexed tsvector column instead of computing every page's words
on each search. A trigger keeps the column in step on every insert and update (PostgreSQL
only; elsewhere the column stays empty and search matches words)."""

import django.contrib.postgres.search
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

INDEX_NAME = "guide_item_search"


def index_the_stored_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    # Any update runs the trigger, which fills the column for every existing page.
    schema_editor.execute("UPDATE guide_guideitem SET search_document = NULL")
    schema_editor.execute(f"CREATE INDEX {INDEX_NAME} ON guide_guideitem USING gin (search_document)")


def index_the_expression_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute(
        f"CREATE INDEX {INDEX_NAME} ON guide_guideitem USING gin (("
        "setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B') || "
        "setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')))"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('guide', '0006_clinical_reviewers_group'),
    ]

    operations = [
        migrations.AddField(
            model_name='guideitem',
            name='search_document',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='guideitem',
            trigger=pgtrigger.compiler.Trigger(name='search_document_follows_the_text', sql=pgtrigger.compiler.UpsertTriggerSql(func="\n                    NEW.search_document :=\n                        setweight(to_tsvector('english'::regconfig, COALESCE(NEW.title, '')), 'A')\n                        || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.summary, '')), 'B')\n                        || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.body, '')), 'C');\n                    RETURN NEW;\n                ", hash='2e6aee17b7c0f1964f3b58a3ffe1d1950391cced', operation='INSERT OR UPDATE', pgid='pgtrigger_search_document_follows_the_text_27a7a', table='guide_guideitem', when='BEFORE')),
        ),
        migrations.RunPython(index_the_stored_document, index_the_expression_again),
    ]
