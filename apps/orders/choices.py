from django.db import models


class OrderStatus(models.TextChoices):
    SUBMITTED = "submitted", "待派单"
    DISPATCHED = "dispatched", "待接单"
    ACCEPTED = "accepted", "服务中"
    DONE = "done", "待评单"
    EVALUATED = "evaluated", "已评单"
    REFUSED = "refused", "已拒单"
    CANCELLED = "cancelled", "已撤单"


# The statuses an order is still moving in (a step with a deadline is open).
OPEN_STATUSES = (OrderStatus.SUBMITTED, OrderStatus.DISPATCHED, OrderStatus.ACCEPTED, OrderStatus.DONE)


class Step(models.TextChoices):
    """The steps whose deadlines are data (``StepDeadline``), each open in one status."""

    DISPATCH = "dispatch", "中心派单"
    ACCEPT = "accept", "队伍接单"
    SERVE = "serve", "完成服务"
    EVALUATE = "evaluate", "群众评单"


STEP_OF_STATUS = {
    OrderStatus.SUBMITTED: Step.DISPATCH,
    OrderStatus.DISPATCHED: Step.ACCEPT,
    OrderStatus.ACCEPTED: Step.SERVE,
    OrderStatus.DONE: Step.EVALUATE,
}

DEFAULT_STEP_DAYS = {Step.DISPATCH: 2, Step.ACCEPT: 2, Step.SERVE: 5, Step.EVALUATE: 5}


class EventKind(models.TextChoices):
    CREATE = "create", "群众点单"
    DISPATCH = "dispatch", "中心派单"
    REFUSE = "refuse", "中心拒单"
    ACCEPT = "accept", "队伍接单"
    HAND_BACK = "hand_back", "队伍退单"
    COMPLETE = "complete", "服务完成"
    EVALUATE = "evaluate", "群众评单"
    CANCEL = "cancel", "撤单"


class EntrySource(models.TextChoices):
    STAFF = "staff", "工作人员代录"
    TEAM = "team", "志愿团队代录"


class OrderOrigin(models.TextChoices):
    """Which service an order came through: the loop is one, whoever feeds it (a brand
    sets its own value; orders never imports the brand)."""

    FOUR_ORDERS = "", "四单服务"
    DOOR = "door", "上门服务（牵手夕阳）"
