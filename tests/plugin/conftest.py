"""Load skuguard's heavy modules before any test of this directory takes a pytester snapshot.

``pytester`` restores ``sys.modules`` after each test, dropping modules first imported
during it; numpy (under the linter) then cannot be imported again in the same process.
"""

import contracts.sandbox.server  # noqa: F401
import linter  # noqa: F401
