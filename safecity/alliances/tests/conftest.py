from safecity.alliances.tests.fixtures import church, housing, police  # noqa: F401
from safecity.plans.tests.fixtures import city, jarva_plan, planning_year, sodermalm_plan  # noqa: F401
from safecity.plans.tests.plan_pages import approved_plan  # noqa: F401
