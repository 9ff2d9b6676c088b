"""AppTest set-up shared with tests/app: a private AWS config, a private cache, empty caches."""

from tests.app.conftest import _isolated  # noqa: F401  (autouse fixture, active here too)
