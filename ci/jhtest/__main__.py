# SPDX-License-Identifier: GPL-2.0
import sys

from jhtest.cli import main

sys.exit(main())
