"""Email alerts: subscriptions without an account to a panel, a member or a saved search, confirmed by an emailed
link, delivered by the task worker at once or as a daily or weekly digest. See README ("Email alerts")."""
