from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.core.selectors import home_figures


@login_required
def home(request):
    return render(request, "core/home.html", {"brands": home_figures(request.user)})
