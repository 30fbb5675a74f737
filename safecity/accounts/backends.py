from safecity.organisation.access import can_administer

ADMINISTERED_APPS = {"organisation", "accounts", "otp_totp", "axes"}


class RolePermissionBackend:
    """Gives the administrator role the model permissions the admin needs; it never authenticates."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or not can_administer(user_obj):
            return False
        app_label = perm.split(".", 1)[0]
        return app_label in ADMINISTERED_APPS

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and can_administer(user_obj) and app_label in ADMINISTERED_APPS

    def get_user(self, user_id):
        return None
