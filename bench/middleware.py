"""Counts the SQL queries of each request and reports them in a response header."""

from django.db import connections

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _Counter()
        wrapped = [connections[alias] for alias in connections]
        for connection in wrapped:
            connection.execute_wrappers.append(counter)
        try:
            response = self.get_response(request)
        finally:
            for connection in wrapped:
                connection.execute_wrappers.remove(counter)
        response[HEADER] = str(counter.count)
        return response


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
