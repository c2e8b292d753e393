from django.db import models


class RegionKind(models.TextChoices):
    CITY_ORGANS = "city", "市直"
    DISTRICT = "district", "区"
    COUNTY = "county", "县"
    COUNTY_CITY = "county_city", "县级市"
    ZONE = "zone", "功能区"
