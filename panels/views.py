from django.shortcuts import render


def panel_list(request):
    return render(request, "panels/panel_list.html", {})


def panel_detail(request, slug):
    return render(request, "panels/panel_detail.html", {})
