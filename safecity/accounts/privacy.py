def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """What django-axes writes to the application log: the path only, never the user name or address.

    Lockouts are still enforced per account and address; the database keeps the attempts for the
    administrator, but the log files that operators ship around hold no personal data.
    """
    return f"{{path_info: {path_info!r}}}"
