from safecity.organisation.access import can_administer

ADMINISTERED_APPS = {"organisation", "accounts", "otp_totp", "axes"}
# Of the signals app only the configuration: routing rules, labels and retention policies, never
# signals, concern notices or legal holds themselves.
ADMINISTERED_MODELS = {
    "intake": {"routingrule", "label", "retentionpolicy"},
    # plan configuration only, never plans, measures or follow-ups
    "plans": {"theme", "focusarea", "targetgroup", "measurestatus"},
    "competence": {"programme", "coveragetarget"},
    "alliances": {"agreement", "measurepartner", "partner", "meeting"},
    # the list of disinformation tactics only, never content, imports or classifier versions
    "online": {"tactic"},
}


class RolePermissionBackend:
    """Gives the administrator role the model permissions the admin needs; it never authenticates."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or not can_administer(user_obj):
            return False
        app_label, _dot, codename = perm.partition(".")
        if app_label in ADMINISTERED_MODELS:
            return codename.rpartition("_")[2] in ADMINISTERED_MODELS[app_label]
        return app_label in ADMINISTERED_APPS

    def has_module_perms(self, user_obj, app_label):
        administered = app_label in ADMINISTERED_APPS or app_label in ADMINISTERED_MODELS
        return user_obj.is_active and can_administer(user_obj) and administered

    def get_user(self, user_id):
        return None
