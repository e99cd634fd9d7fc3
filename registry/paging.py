"""What every paged list shares: the page size a caller may ask for."""

from __future__ import annotations

from registry.errors import FieldError, ValidationFailed


def check_page_size(first: int, max_page_size: int) -> None:
    if not 1 <= first <= max_page_size:
        raise ValidationFailed(
            [FieldError("first", "ongeldig_formaat", {"verwacht": f"een getal van 1 tot {max_page_size}"})]
        )
