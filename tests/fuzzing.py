"""Shared settings and text strategies for the property-based fuzz tests (hypothesis).

Every fuzz test runs under :func:`fuzz` (fewer examples for targets that are slow per
example): the ``suite`` profile, a fixed number of examples, a deadline per example, no
example database and ``derandomize=True``, so a run in CI tries exactly the same inputs as a run on a
developer's machine and a failure can be reproduced from its test name alone. To look
further than the suite does, set ``ANHORIG_FUZZ=explore`` (random inputs, ten times the
examples, no deadline), e.g. ``ANHORIG_FUZZ=explore pytest tests/bot/callbacks/test_parsing_fuzz.py``.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = 300
DEADLINE = timedelta(milliseconds=1500)
# A web or storage fixture is made once per test and shared by its examples on purpose.
_SHARED_FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

settings.register_profile(
    "suite", max_examples=EXAMPLES, deadline=DEADLINE, derandomize=True, database=None,
    print_blob=True, suppress_health_check=_SHARED_FIXTURES,
)
settings.register_profile(
    "explore", max_examples=EXAMPLES * 10, deadline=None, derandomize=False, database=None,
    print_blob=True, suppress_health_check=_SHARED_FIXTURES,
)


def fuzz(max_examples: int = EXAMPLES) -> settings:
    """Settings for one fuzz test: the ``suite`` profile with ``max_examples`` examples, or
    ten times as many random ones with ``ANHORIG_FUZZ=explore``."""
    if os.environ.get("ANHORIG_FUZZ") == "explore":
        return settings(settings.get_profile("explore"), max_examples=max_examples * 10)
    return settings(settings.get_profile("suite"), max_examples=max_examples)


# Words a relative types around times, numbers and ages, so the fuzzers reach the parsers'
# real branches instead of failing on the first character.
SWEDISH_WORDS = (
    "jag vill ha tid på tisdag förmiddag eftermiddag efter lunch imorgon idag nästa vecka "
    "den första andra tredje sista nummer två alternativ 3 kl. 10 14.30 halv tre kvart i "
    "måndag onsdag torsdag fredag lördag söndag den 25 november 2/12 mars dec v. 48 "
    "mamma pappa är 82 år åttiotvå nittio fyller hon han sedan i 5 år gammal "
    "nej ja inte ingen av dem vilken som helst avbryt boka om avboka ring inte "
    "mitt nummer 070-123 45 67 +46 8 123 456 00 0701234567 referens K7MXQ4 heter Kicki"
).split()

PUNCTUATION = st.sampled_from(list(" .,:;!?-–/()+'\"\n\t"))

# Arbitrary Unicode, including surrogate-free control characters, emoji and combining marks.
ANY_TEXT = st.text(max_size=200)

# Sentences made of Swedish words, digits, punctuation and a few arbitrary characters.
SWEDISH_TEXT = st.lists(
    st.one_of(
        st.sampled_from(SWEDISH_WORDS),
        st.integers(min_value=-5, max_value=100_000).map(str),
        PUNCTUATION,
        st.text(max_size=4),
    ),
    max_size=14,
).map(" ".join)

TEXT = st.one_of(SWEDISH_TEXT, ANY_TEXT)
