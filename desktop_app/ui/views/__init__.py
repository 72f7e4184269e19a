"""The workstation's data views: overview, agents, conversations, orders, customers."""
