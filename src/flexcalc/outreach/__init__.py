"""政策找人: from a registry run to worklists, notices, a budget, a report and a reform's impact."""
