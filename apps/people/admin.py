import secrets

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from apps.core import crypto
from apps.core.admin import BaseAdmin
from apps.core.excel.admin import ExcelAdminMixin
from apps.core.validators import normalize_id_number, validate_id_number
from apps.people.forms import PersonForm
from apps.people.models import Person
from apps.people.resources import PersonResource
from apps.people.services import person_update
from apps.regions.models import Region

ID_SEARCH_SESSION_KEY = "person_id_search"
ID_SEARCH_HELP = "为保护个人信息，身份证号请在列表上方的“按身份证号查找”框中输入，它不会出现在网址中。"


class IdSearchFilter(admin.SimpleListFilter):
    """Takes the ``idq`` token of an ID-number search made by POST off the query string
    (the URL carries a random token that this session maps to the number's keyed hash,
    never the number). Not shown; ``PersonAdmin.get_search_results`` applies it, since the
    changelist drops filters without output."""

    title = "身份证号查找"
    parameter_name = "idq"

    def lookups(self, request, model_admin):
        return []  # not shown in the filter panel

    def has_output(self):
        return False

    def queryset(self, request, queryset):
        return queryset


def id_search_filter(request, queryset):
    token = request.GET.get(IdSearchFilter.parameter_name)
    if not token:
        return queryset
    id_hash = request.session.get(ID_SEARCH_SESSION_KEY, {}).get(token)
    return queryset.filter(id_number_hash=id_hash) if id_hash else queryset.none()


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
    list_filter = [
        IdSearchFilter,
        "region",
        "retirement_type",
        "status",
        "health",
        "living",
        "former_rank",
        "is_disabled",
    ]
    search_fields = ["name"]
    search_help_text = "按姓名、拼音（如 zhangsan）或首字母（如 zs）搜索；身份证号请用上方的查找框"
    list_before_template = "admin/people/person/id_search.html"
    list_select_related = ["region"]
    readonly_fields = ["sex", "birth_date"]
    masked_columns = {
        "id_number_masked": ("id_number", lambda p: p.id_number, "身份证号"),
        "phone_masked": ("phone", lambda p: p.phone, "联系电话"),
    }
    # Read-only renderings (局领导, secretaries, team leaders: view only) are masked for
    # every role; the full values through 显示完整信息, which is audited.
    masked_fields = {
        "id_number": ("id_number", "身份证号"),
        "phone": ("phone", "联系电话"),
        "address": ("address", "居住地址"),
        "emergency_phone": ("phone", "紧急联系电话"),
        "health": ("hidden", "健康状况"),
    }

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the regions the user works in: district staff cannot file a person under
        # another district (and lose sight of them), by the form or by a history revert.
        if db_field.name == "region" and "queryset" not in kwargs:
            kwargs["queryset"] = Region.objects.workable_for(request.user).order_by("sort_order")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        user = request.user

        class UserPersonForm(form_class):
            def __init__(self, *args, **kw):
                kw.setdefault("user", user)
                super().__init__(*args, **kw)

        return UserPersonForm

    def get_search_results(self, request, queryset, search_term):
        queryset = id_search_filter(request, queryset)
        if len(normalize_id_number(search_term)) >= 15 and search_term.strip()[:6].isdigit():
            # An ID number typed into the GET search box would sit in URLs and logs.
            messages.warning(request, ID_SEARCH_HELP)
            return queryset.none(), False
        return queryset.search(search_term), False

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.id_search_view))
        return [path("id-search/", view, name="people_person_id_search"), *super().get_urls()]

    def id_search_view(self, request):
        """POST an ID number; redirect to the list filtered by a one-session token."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        changelist = reverse("admin:people_person_changelist")
        number = normalize_id_number(request.POST.get("id_number", ""))
        try:
            validate_id_number(number)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return HttpResponseRedirect(changelist)
        tokens = request.session.get(ID_SEARCH_SESSION_KEY, {})
        token = secrets.token_urlsafe(9)
        # Keep the last few searches only.
        tokens = dict(list(tokens.items())[-9:]) | {token: crypto.search_hash(number)}
        request.session[ID_SEARCH_SESSION_KEY] = tokens
        return HttpResponseRedirect(f"{changelist}?idq={token}")

    def save_model(self, request, obj, form, change):
        person_update(person=obj, id_number=form.new_id_number, user=request.user)

    def history_revert(self, request, obj, form):
        # The person form validated the version's values (scoped region choices, the
        # service's checks); the ID number stays as it is (the form keeps it unchanged).
        person_update(person=obj, id_number=form.new_id_number, user=request.user)

    @admin.display(description="年龄")
    def age_display(self, obj):
        return obj.age
