"""Action plan items keep the year's amount by budget category as assembled; items of plans
assembled before this field get the split their proposals have now."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    item_model = apps.get_model("projects", "ActionPlanItem")
    line_model = apps.get_model("projects", "BudgetLine")
    for item in item_model.objects.select_related("action_plan__cycle").iterator():
        split = {}
        for category, amount in line_model.objects.filter(
            proposal_id=item.proposal_id,
            fiscal_year_be=item.action_plan.cycle.fiscal_year_be,
        ).values_list("category", "amount"):
            split[category] = split.get(category, 0) + amount
        item.by_category = {c: f"{a:.2f}" for c, a in sorted(split.items()) if a}
        item.save(update_fields=["by_category"])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplanitem",
            name="by_category",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="amount by budget category"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
