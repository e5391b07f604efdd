"""One definition of every rule (issue 18): the rule language and the shapes built in it."""
