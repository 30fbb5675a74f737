from safecity.plans.tests.fixtures import city, jarva_plan, planning_year, sodermalm_plan  # noqa: F401
from safecity.plans.tests.plan_pages import adopted_plan, approved_plan, returned_plan  # noqa: F401
