from django.db import models


class OrgKind(models.TextChoices):
    WORKING_COMMITTEE = "working_committee", "工委"
    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    GROUP = "group", "党小组"


class SetupType(models.TextChoices):
    ESTABLISHED = "established", "建制类"
    COMMUNITY = "community", "社区"
    FUNCTIONAL = "functional", "功能型"
    INTEREST = "interest", "兴趣型"


class OrgStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    DISSOLVED = "dissolved", "已撤销"


class PostKind(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY = "deputy", "副书记"
    ORGANISATION = "organisation", "组织委员"
    PUBLICITY = "publicity", "宣传委员"
    DISCIPLINE = "discipline", "纪检委员"
    GROUP_LEADER = "group_leader", "党小组组长"


class MembershipStatus(models.TextChoices):
    NORMAL = "normal", "正常"
    TRANSFERRED_IN = "transferred_in", "转入"
    TRANSFERRED_OUT = "transferred_out", "转出"
    DECEASED = "deceased", "去世"


class ActivityType(models.TextChoices):
    THEME_DAY = "theme_day", "主题党日"
    LECTURE = "lecture", "党课"
    MEMBER_MEETING = "member_meeting", "支部党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支委会"
    GROUP_MEETING = "group_meeting", "党小组会"
    STUDY = "study", "专题学习"
    FORUM = "forum", "座谈交流"
    TALK = "talk", "主题宣讲"
    EDUCATION = "education", "党性教育"


class ActivityMode(models.TextChoices):
    OFFLINE = "offline", "线下"
    ONLINE = "online", "线上（云端）"
    MOBILE = "mobile", "流动党校"


class LogStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"


class Period(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


class TrainingType(models.TextChoices):
    BUSINESS = "business", "支部书记业务培训"
    THEORY = "theory", "政治理论大讲堂"
    FORUM = "forum", "支部书记论坛"


class OrganiserLevel(models.TextChoices):
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class ReviewItemKind(models.TextChoices):
    # 六有一提升: six "haves" and one "raise"
    ORGANISATION = "org", "有组织设置"
    BRANCH_TEAM = "team", "有班子队伍"
    VENUE = "venue", "有活动场所"
    RULES = "rules", "有制度规范"
    FUNDS = "funds", "有活动经费"
    RECORDS = "records", "有工作台账"
    RAISE = "raise", "组织力提升"


class ReviewResult(models.TextChoices):
    PASSED = "passed", "通过"
    RECTIFY = "rectify", "整改"
    FAILED = "failed", "未通过"


class DemoLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class ProjectKind(models.TextChoices):
    SECRETARY = "secretary", "书记项目"
    INNOVATION = "innovation", "创新项目"


class ProjectOutcome(models.TextChoices):
    ONGOING = "ongoing", "实施中"
    DONE = "done", "已完成"
    AWARDED = "awarded", "获评优秀"
    STOPPED = "stopped", "已终止"


class FundingKind(models.TextChoices):
    WORK_FUNDS = "work_funds", "党建工作经费"
    DUES_REFUND = "dues_refund", "党费返还"
    SECRETARY_ALLOWANCE = "allowance", "支部书记补贴"
