from django.db import migrations


def load(apps, schema_editor):
    from intents.catalogue import load_catalogues

    load_catalogues(apps)


class Migration(migrations.Migration):
    dependencies = [("intents", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
