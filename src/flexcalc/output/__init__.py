"""What people and programs read: rich tables (table, explain, compare, policy), the Markdown
notice and the contract's JSON (serialise). Rendering never computes: it shows a Result."""
