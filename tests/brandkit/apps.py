from django.apps import AppConfig


class BrandkitConfig(AppConfig):
    name = "tests.brandkit"
    label = "brandkit"
    verbose_name = "测试品牌"
