"""The admin side of the Excel base: one mixin for every ModelAdmin that imports/exports.

The library's flow (upload → dry-run preview → confirm) with unfold's forms and templates,
plus: upload hardening in the form, a template download per resource, the failing rows
of a checked file kept for download, and files over ``EXCEL_ASYNC_ROWS`` rows sent to
Celery as an :class:`~apps.core.models.ImportJob` with a progress page.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from import_export.admin import ImportExportMixin
from import_export.results import RowResult
from unfold.contrib.import_export.forms import ExportForm, ImportForm

from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.core.downloads import export_filename, set_attachment
from apps.core.excel.formats import XLSX
from apps.core.excel.services import import_job_create, import_job_record_failure
from apps.core.excel.tasks import run_import_job
from apps.core.excel.uploads import check_upload, check_xlsx_bytes
from apps.core.excel.writer import WorkbookLimitError
from apps.core.queue import QueueUnavailable, check_queue, enqueue

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExcelImportForm(ImportForm):
    """Unfold's import form, refusing anything but a plain xlsx (see ``uploads``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_file"].label = "选择 Excel 文件（.xlsx）"
        self.fields["import_file"].widget.attrs["accept"] = ".xlsx," + XLSX_CONTENT_TYPE
        self.fields["format"].label = "文件格式"

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        check_upload(name=upload.name, size=upload.size, content_type=getattr(upload, "content_type", ""))
        data = b"".join(upload.chunks())
        check_xlsx_bytes(data)
        try:
            dataset = XLSX().create_dataset(data)
        except ValidationError:
            raise
        except Exception as exc:  # calamine's parse errors: a damaged or disguised file
            raise ValidationError("文件无法读取，请确认是用 Excel 保存的 .xlsx 文件。", code="unreadable") from exc
        if not dataset.headers:
            raise ValidationError("文件是空的：请下载模板，按模板填写后上传。", code="empty")
        if len(dataset) == 0:
            raise ValidationError("文件中没有数据行：请在表头下方逐行填写后再上传。", code="empty")
        upload.seek(0)
        upload.excel_bytes = data
        upload.excel_dataset = dataset
        return upload


class ExcelAdminMixin(ImportExportMixin):
    """Put before ``BaseAdmin``; set ``resource_classes`` to resources on ``ExcelResource``."""

    import_form_class = ExcelImportForm
    export_form_class = ExportForm
    import_template_name = "excel/import.html"
    import_error_display = ("message",)

    @property
    def formats(self):
        return [XLSX]

    @property
    def import_formats(self):
        return [XLSX]

    @property
    def export_formats(self):
        return [XLSX]

    # -- resources get the user: scope, masking -----------------------------------------
    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def _importable_resources(self, request):
        return [r for r in self.get_import_resource_classes(request) if r.importable]

    def has_import_permission(self, request):
        return bool(self._importable_resources(request)) and super().has_import_permission(request)

    def get_import_resource_classes(self, request):
        return [r for r in super().get_import_resource_classes(request) if r.importable]

    def get_export_filename(self, request, queryset, file_format):
        resource = self.get_export_resource_classes(request)[0]
        return export_filename(resource.title, request.user.scope_label)

    # -- URLs: the template ---------------------------------------------------------------
    def get_urls(self):
        info = self.get_model_info()
        return [
            path(
                "excel-template/",
                self.admin_site.admin_view(self.excel_template_view),
                name="{}_{}_excel_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def excel_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self._importable_resources(request)[0]
        response = HttpResponse(resource.template_bytes(), content_type=XLSX_CONTENT_TYPE)
        return set_attachment(response, f"{resource.title}-导入模板.xlsx")

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        info = self.get_model_info()
        context["excel_template_url"] = reverse("admin:{}_{}_excel_template".format(*info))
        context["excel_async_rows"] = settings.EXCEL_ASYNC_ROWS
        return context

    # -- the import: large files to Celery, failing rows kept --------------------------
    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "import_file" in request.FILES:
            form = self.create_import_form(request)
            if form.is_valid():
                upload = form.cleaned_data["import_file"]
                dataset = upload.excel_dataset
                if len(dataset) > settings.EXCEL_ASYNC_ROWS:
                    return self._start_background_import(request, form, upload, dataset)
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result") if hasattr(response, "context_data") else None
        if result is not None and (result.has_validation_errors() or result.has_errors()):
            resource_class = self.get_import_resource_classes(request)[0]
            job = import_job_record_failure(
                user=request.user,
                resource_class=resource_class,
                original_name=request.FILES["import_file"].name,
                result=result,
            )
            response.context_data["excel_job"] = job
        return response

    def _start_background_import(self, request, form, upload, dataset):
        resource_class = self.choose_import_resource_class(form, request)
        try:
            check_queue()
        except QueueUnavailable as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(request.path)
        job = import_job_create(
            user=request.user,
            resource_class=resource_class,
            data=upload.excel_bytes,
            original_name=upload.name,
            total_rows=len(dataset),
        )
        enqueue(run_import_job, job.pk)
        messages.info(request, f"文件共 {len(dataset)} 行，已转入后台导入，请在本页查看进度。")
        return HttpResponseRedirect(reverse("excel:job", args=[job.pk]))

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            # The preview waited longer than EXCEL_FILE_RETENTION_HOURS and was purged.
            messages.error(request, "导入预览已超过保留时间被删除，未写入任何数据，请重新上传文件。")
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*self.get_model_info())))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Something changed between the preview and the confirmation (another user
            # imported the same people, say): nothing was written; show why.
            messages.error(request, "导入未完成：数据在预览后发生了变化，未写入任何数据，请重新上传文件。")
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*self.get_model_info())))
        audit_record(
            user=request.user,
            action=AuditAction.IMPORT,
            request=request,
            object_type=self.model._meta.label_lower,
            detail=f"Excel 导入：新增 {result.totals[RowResult.IMPORT_TYPE_NEW]} 条，"
            f"更新 {result.totals[RowResult.IMPORT_TYPE_UPDATE]} 条",
        )
        return super().process_result(result, request)

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # The library names the file with a plain ``filename="…"``, which Django turns into
        # RFC 2047 for a Chinese name; both export paths (the export page and the list's
        # action) come through here.
        try:
            response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        except WorkbookLimitError as exc:
            # More than Excel can open (a cell over 32,767 characters …): say so, no file.
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*self.get_model_info())))
        return set_attachment(response, self.get_export_filename(request, queryset, file_format))

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        audit_record(
            user=request.user,
            action=AuditAction.EXPORT,
            request=request,
            object_type=self.model._meta.label_lower,
            detail="Excel 导出",
        )
        return data

    def add_success_message(self, result, request):
        resource = self.get_import_resource_classes(request)[0]
        messages.success(request, f"导入成功：新增 {result.totals[RowResult.IMPORT_TYPE_NEW]} 条{resource.title}。")
