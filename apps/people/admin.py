from django.contrib import admin

from apps.core.admin import BaseAdmin
from apps.core.excel.admin import ExcelAdminMixin
from apps.people.forms import PersonForm
from apps.people.models import Person
from apps.people.resources import PersonResource
from apps.people.services import person_update


@admin.register(Person)
class PersonAdmin(ExcelAdminMixin, BaseAdmin):
    # Export only: people are imported as members (person + membership).
    resource_classes = [PersonResource]
    form = PersonForm
    list_display = [
        "name",
        "sex",
        "age_display",
        "id_number_masked",
        "phone_masked",
        "region",
        "retirement_type",
        "former_unit",
        "status",
    ]
    list_filter = ["region", "retirement_type", "status", "health", "living", "former_rank", "is_disabled"]
    search_fields = ["name"]
    search_help_text = "按姓名、拼音（如 zhangsan）、首字母（如 zs）或完整身份证号搜索"
    list_select_related = ["region"]
    readonly_fields = ["sex", "birth_date"]
    masked_columns = {
        "id_number_masked": ("id_number", lambda p: p.id_number, "身份证号"),
        "phone_masked": ("phone", lambda p: p.phone, "联系电话"),
    }

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        user = request.user

        class UserPersonForm(form_class):
            def __init__(self, *args, **kw):
                kw.setdefault("user", user)
                super().__init__(*args, **kw)

        return UserPersonForm

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        person_update(person=obj, id_number=form.new_id_number)

    @admin.display(description="年龄")
    def age_display(self, obj):
        return obj.age
