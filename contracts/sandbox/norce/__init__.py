"""Norce Connect in the sandbox: the routes, the header, XML input and applying imports."""
