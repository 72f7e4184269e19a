"""Per-agent, per-(agent, day) and shop KPIs, product refund rates, and drill-down lists.

Every figure is defined in docs/metrics.md (Chinese and English, with worked examples). In short:

- Counts of buyers are per day: 询单人数 of an agent over several days is the sum of its daily
  figures (a buyer who asks on two days is two inquiries), exactly as the platforms' daily tables add
  up, so the agent table is always the column sum of the agent-day table.
- Attributed figures come from the attribution frame; under the split rule they carry weights 1/n.
- Times: mean, median and P90 (linear interpolation, numpy's default) over the counted turns.
- Rates are fractions; a rate with a zero denominator is NaN (shown as "—", null in JSON).

The code lives in sibling modules by responsibility, re-exported here (callers import from kpis):
kpis_groups (group keys, quantiles), kpis_agents (agent tables), kpis_shop (shop tables, check
counts, team conversion), kpis_products (product refunds), kpis_drill (drill-down lists).
"""

from __future__ import annotations

from .kpis_groups import (  # noqa: F401 - re-exported: callers and tests import them from here
    _div,
    _day,
    _plain,
    _Groups,
    _ns,
    group_quantiles,
    sorted_responses,
)
from .kpis_agents import (  # noqa: F401 - re-exported: callers and tests import them from here
    _ADDITIVE,
    _HELPERS,
    agent_tables,
    _additive,
    WINDOW_SUMS,
    window_sums,
    _time_stats,
    _finish,
)
from .kpis_shop import (  # noqa: F401 - re-exported: callers and tests import them from here
    shop_tables,
    paying_buyers,
    CHECK_KEYS,
    add_check_counts,
    _NAT,
    _all_buyer_codes,
    _nanstat,
    _py,
    _shop_ratios,
    _check_counts,
    check_counts,
    _put_check_days,
    _check_day_counts,
    add_team_conversion,
)
from .kpis_products import (  # noqa: F401 - re-exported: callers and tests import them from here
    product_refunds,
)
from .kpis_drill import (  # noqa: F401 - re-exported: callers and tests import them from here
    _DRILL,
    drill_kinds,
    drill_down,
    _buyers_behind,
)
