"""Helpers for the portal's own forms."""

from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on ``form``: each message at its field when the form has
    that field, else at the top. A refusal without fields goes to the top too."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)
