"""The page-change wait used by the browser tests treats both of ChromeDriver's 'gone' answers alike."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

from tests.web.conftest import _detached


class _Element:
    def __init__(self, error: Exception | None) -> None:
        self.error = error

    def is_enabled(self) -> bool:
        if self.error:
            raise self.error
        return True


def test_an_element_still_on_the_page_is_not_gone() -> None:
    assert _detached(_Element(None))(None) is False


@pytest.mark.parametrize(
    "error",
    [
        StaleElementReferenceException("stale element reference"),
        WebDriverException(
            'unhandled inspector error: {"message":"Node with given id does not belong to the document"}'
        ),
    ],
)
def test_both_ways_of_saying_gone_count(error: Exception) -> None:
    assert _detached(_Element(error))(None) is True


def test_other_driver_errors_are_not_hidden() -> None:
    with pytest.raises(WebDriverException, match="chrome not reachable"):
        _detached(_Element(WebDriverException("chrome not reachable")))(None)
