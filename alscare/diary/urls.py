app_name = "diary"

urlpatterns = []
