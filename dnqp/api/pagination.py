from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``; ``page_size`` may be asked for, up to 1,000.

    A ``page`` that is not a whole number from 1 up is invalid input, a 400 on ``page`` (docs/API.md "Errors");
    a page after the last one stays DRF's 404.
    """

    page_size_query_param = "page_size"
    max_page_size = 1000
    page_number_field = serializers.IntegerField(min_value=1)

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if number in self.last_page_strings:
            return number
        try:
            return self.page_number_field.run_validation(number)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({self.page_query_param: exc.detail}) from None
