from django.http import HttpResponse


def home(request):
    return HttpResponse("")


meeting = meeting_txt = meeting_pdf = item_list = item = item_txt = item_pdf = search = not_found = server_error = home
