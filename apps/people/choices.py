from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class RetirementType(models.TextChoices):
    LIXIU = "lixiu", "离休"
    TUIXIU = "tuixiu", "退休"


class Rank(models.TextChoices):
    PROVINCIAL = "provincial", "省部级"
    BUREAU = "bureau", "厅局级"
    DEPUTY_BUREAU = "deputy_bureau", "副厅局级"
    DIVISION = "division", "县处级"
    DEPUTY_DIVISION = "deputy_division", "副县处级"
    SECTION = "section", "乡科级"
    DEPUTY_SECTION = "deputy_section", "副乡科级"
    STAFF = "staff", "科员及以下"
    OTHER = "other", "其他"


class Health(models.TextChoices):
    GOOD = "good", "良好"
    FAIR = "fair", "一般"
    POOR = "poor", "较差"
    DISABLED = "disabled", "失能"


class Living(models.TextChoices):
    WITH_SPOUSE = "spouse", "与配偶同住"
    WITH_CHILDREN = "children", "与子女同住"
    ALONE = "alone", "独居"
    CARE_HOME = "care_home", "入住养老机构"


class PersonStatus(models.TextChoices):
    LIVING = "living", "在世"
    DECEASED = "deceased", "已故"
    MOVED_OUT = "moved_out", "迁出"
