from django.core.files.base import ContentFile

from tests.access.matrix import AdminModel, Page, outcome

WRITERS = {"leader", "staff", "district"}


def _district_job(cast):
    """A finished run of the district officer's: his alone, a 404 to every other writer."""
    from apps.summary.models import SummaryJob, SummaryJobStatus

    job, created = SummaryJob.objects.get_or_create(
        user=cast.district, year=2025, defaults={"region": cast.branch.region, "status": SummaryJobStatus.SUCCEEDED}
    )
    if created:
        job.docx.save("总结.docx", ContentFile(b"docx"), save=False)
        job.pdf.save("总结.pdf", ContentFile(b"%PDF"), save=False)
        job.save()
    return f"/summary/{job.pk}/docx/"


PAGES = {
    "summary:index": Page("/summary/", outcome(WRITERS)),
    "summary:download": Page(
        _district_job,
        outcome({"district"}) | {"leader": 404, "staff": 404},
    ),
}


def _wording(cast):
    from apps.summary.models import SummaryTemplate

    # The wording is shipped by a data migration (no history row): save it once through the
    # model so its history page has an entry.
    return SummaryTemplate.objects.update_or_create(part="opening", defaults={"body": "〔年份〕年。"})[0]


ADMIN = {
    "summary.summarytemplate": AdminModel(
        obj=_wording,
        unscoped="the summary's wording is the bureau's, the same for every region, with no personal data",
        view={"leader", "staff"},
        add={"staff"},
        change={"staff"},
        delete={"staff"},
    ),
}
