"""The test brand's one indicator."""

from apps.assessment.indicators import formula


@formula("brandkit.constant", label="测试品牌指标", description="每个考评对象均为 1。", unit="个")
def constant(ctx, params) -> dict:
    return dict.fromkeys(ctx.units, 1)
