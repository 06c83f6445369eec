"""Permissions of the accounts app, and what the public may do without an account."""

PERMISSIONS = [
    ("accounts.reset_password", "签发重置密码链接"),
]

PUBLIC_ACTIONS = [
    ("accounts.use_password_reset", "凭一次性链接或短信验证码设置新密码"),
]
