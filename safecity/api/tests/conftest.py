from safecity.plans.tests.fixtures import city, jarva_plan, planning_year, sodermalm_plan  # noqa: F401
