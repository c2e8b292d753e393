from django.db import models


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKOUT = "lockout", "账号锁定"
    LOGOUT = "logout", "退出登录"
    SESSION_ENDED = "session_ended", "会话终止"
    PASSWORD_CHANGE = "password_change", "修改密码"
    OTP_ENROL = "otp_enrol", "绑定动态口令"
    OTP_VERIFY = "otp_verify", "动态口令验证"
    ROLE_CHANGE = "role_change", "角色变更"
    PERMISSION_CHANGE = "permission_change", "权限变更"
    ACCOUNT_STATUS = "account_status", "账号启用/停用"
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    VIEW_SENSITIVE = "view_sensitive", "查看完整个人信息"
    IMPORT = "import", "导入"
    EXPORT = "export", "导出"
    KEY_ROTATION = "key_rotation", "密钥轮换"
    PURGE = "purge", "审计日志清理"


class AuditResult(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
