from django.urls import path

from .views import assessments, clinical, diaries, entries, invitations, members, reminders, reports

app_name = "diary"

urlpatterns = [
    path("", diaries.index, name="index"),
    path("new/", diaries.create, name="create"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("<int:diary_id>/", diaries.home, name="home"),
    path("<int:diary_id>/delete/", diaries.delete, name="delete"),
    path("<int:diary_id>/restore/", diaries.restore, name="restore"),
    path("<int:diary_id>/entries/", entries.entry_list, name="entries"),
    path("<int:diary_id>/entries/new/", entries.entry_add, name="entry_add"),
    path("<int:diary_id>/entries/deleted/", entries.deleted_entries, name="entries_deleted"),
    path("<int:diary_id>/entries/<int:entry_id>/restore/", entries.entry_restore, name="entry_restore"),
    path("<int:diary_id>/entries/<int:entry_id>/edit/", entries.entry_edit, name="entry_edit"),
    path("<int:diary_id>/entries/<int:entry_id>/delete/", entries.entry_delete, name="entry_delete"),
    path("<int:diary_id>/alsfrs/", assessments.assessment_list, name="assessments"),
    path("<int:diary_id>/alsfrs/new/", assessments.assessment_add, name="assessment_add"),
    path("<int:diary_id>/alsfrs/<int:assessment_id>/", assessments.assessment_detail, name="assessment"),
    path(
        "<int:diary_id>/alsfrs/<int:assessment_id>/delete/",
        assessments.assessment_delete,
        name="assessment_delete",
    ),
    path("<int:diary_id>/trends/", reports.trends, name="trends"),
    path("<int:diary_id>/summary/", reports.summary, name="summary"),
    path("<int:diary_id>/entries.csv", reports.export_csv, name="export_csv"),
    path("<int:diary_id>/members/", members.members, name="members"),
    path("<int:diary_id>/members/invite/", members.invite, name="invite"),
    path("<int:diary_id>/members/<int:membership_id>/role/", members.change_role, name="change_role"),
    path("<int:diary_id>/members/<int:membership_id>/remove/", members.remove_member, name="remove_member"),
    path(
        "<int:diary_id>/invitations/<int:invitation_id>/revoke/",
        members.revoke_invitation,
        name="revoke_invitation",
    ),
    path("<int:diary_id>/leave/", members.leave, name="leave"),
    path("<int:diary_id>/members/invite-patient/", members.invite_patient, name="invite_patient"),
    path(
        "<int:diary_id>/members/<int:membership_id>/approve/", members.approve_member, name="approve_member"
    ),
    path("<int:diary_id>/settings/approval/", members.approval_setting, name="approval_setting"),
    path(
        "<int:diary_id>/settings/acting-for-patient/", members.acting_for_patient, name="acting_for_patient"
    ),
    path("<int:diary_id>/activity/", members.activity, name="activity"),
    path("<int:diary_id>/settings/", diaries.settings, name="settings"),
    path("<int:diary_id>/details/", clinical.clinical_details, name="clinical_details"),
    path("<int:diary_id>/my-settings/", clinical.my_settings, name="my_settings"),
    path("<int:diary_id>/alsfrs.fhir.json", clinical.alsfrs_fhir, name="alsfrs_fhir"),
    path("reminders/unsubscribe/<str:token>/", reminders.unsubscribe, name="unsubscribe"),
]
