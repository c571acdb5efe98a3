"""Who gets what from every URL and every API operation: the table the authorisation matrix
(tests/security/test_authorisation_matrix.py) checks, one row per URL name, one column per role.

Roles (built in tests/security/world.py): ``anonymous``; ``viewer``, ``contributor`` and
``org_admin`` of the home organisation; ``coordinator`` (the home partnership's coordinator, from a
partner organisation); ``outsider`` (admin of an unrelated organisation); ``site_admin`` (staff,
no memberships). Each row is the answer to a GET of the URL filled with the *home* organisation's
and partnership's objects. Outcomes:

    200, 201, 400, 401, 403, 404, 405, 409   that status
    login          302 to /account/sign-in/?next=...
    admin-login    302 to the site administration's sign-in page
    302            any other redirect

Rules the test adds on top of the table, for every row:

* a URL filled with objects of *another* organisation and partnership gives 404 to every signed-in
  role and ``login`` to anonymous, by GET and by POST, and changes nothing;
* the outsider's POST gets 404 wherever their GET does, and changes nothing;
* anonymous POSTs to any page that is not public get ``login`` and change nothing.

A new URL needs a row here: the test's failure message prints the row as the URL answers now;
check every cell is what you intend before pasting it in.
"""

# Each URL pattern, by "namespace:name" (or by its route when it has no name).
PAGES = """
URL name                                                  anonymous   viewer      contributor org_admin   coordinator outsider    site_admin
# signed-in people go on to their organisations
core:home                                                 200         302         302         302         302         302         302
core:accessibility                                        200         200         200         200         200         200         200
core:privacy                                              200         200         200         200         200         200         200
core:cookies                                              200         200         200         200         200         200         200
healthz                                                   200         200         200         200         200         200         200
accounts:sign-in                                          200         200         200         200         200         200         200
accounts:sign-out                                         login       200         200         200         200         200         200
accounts:signed-out                                       200         200         200         200         200         200         200
accounts:password-reset                                   200         200         200         200         200         200         200
accounts:password-reset-sent                              200         200         200         200         200         200         200
# the world's reset link is not valid
accounts:password-reset-confirm                           400         400         400         400         400         400         400
accounts:password-reset-done                              200         200         200         200         200         200         200
accounts:password-change                                  login       200         200         200         200         200         200
# two-factor pages redirect (302) when there is nothing to do: no pending sign-in, or no app; the
# site admin has an app and has given its code in this session (as the admin requires)
accounts:sign-in-code                                     302         302         302         302         302         302         302
accounts:account                                          login       200         200         200         200         200         200
accounts:two-factor-set-up                                login       200         200         200         200         200         302
accounts:two-factor-backup-codes                          login       302         302         302         302         302         200
accounts:two-factor-turn-off                              login       302         302         302         302         302         200
organisations:list                                        login       200         200         200         200         200         200
organisations:create                                      login       200         200         200         200         200         200
organisations:detail                                      login       200         200         200         404         404         404
# POST only
organisations:switch                                      login       405         405         405         404         404         404
organisations:member-invite                               login       403         403         200         404         404         404
organisations:member-role                                 login       403         403         200         404         404         404
organisations:member-remove                               login       403         403         200         404         404         404
organisations:security                                    login       403         403         200         404         404         404
assessments:list                                          login       200         200         200         404         404         404
assessments:start                                         login       403         403         200         404         404         404
assessments:overview                                      login       200         200         200         404         404         404
assessments:respondents                                   login       403         403         200         404         404         404
assessments:respondent-invite                             login       403         403         200         404         404         404
assessments:respondent-remind                             login       403         403         405         404         404         404
assessments:respondent-remove                             login       403         403         200         404         404         404
assessments:combined-view                                 login       403         403         405         404         404         404
assessments:close                                         login       403         403         200         404         404         404
assessments:reopen                                        login       403         403         405         404         404         404
# viewers never answer
assessments:answer                                        login       403         200         200         404         404         404
assessments:check                                         login       403         200         200         404         404         404
assessments:submit                                        login       403         200         200         404         404         404
assessments:spread                                        login       403         403         200         404         404         404
assessments:agree                                         login       403         403         200         404         404         404
# results and actions: admins any time, others once closed
assessments:actions                                       login       403         403         200         404         404         404
assessments:action-new                                    login       403         403         200         404         404         404
assessments:action-edit                                   login       403         403         200         404         404         404
reports:results                                           login       403         403         200         404         404         404
reports:explain                                           login       403         403         200         404         404         404
reports:download                                          login       403         403         200         404         404         404
partnerships:list                                         login       200         200         200         200         200         200
partnerships:invitations                                  login       200         200         200         200         200         200
# POST only: see the POST rules
partnerships:invitation-answer                            login       405         405         405         405         405         405
partnerships:overview                                     login       200         200         200         200         404         404
partnerships:results                                      login       200         200         200         200         404         404
partnerships:workshop                                     login       200         200         200         200         404         404
partnerships:agree                                        login       403         403         200         200         404         404
partnerships:actions                                      login       200         200         200         200         404         404
partnerships:actions-from-gaps                            login       405         405         405         405         404         404
# the coordinator and member admins run the workshop
partnerships:action-new                                   login       403         403         200         200         404         404
partnerships:action-edit                                  login       403         403         200         200         404         404
# acting for the home organisation: its admin only
partnerships:share                                        login       403         403         200         404         404         404
partnerships:leave                                        login       403         403         200         404         404         404
partnerships:invite                                       login       403         403         200         404         404         404
api:tokens                                                login       200         200         200         200         200         200
api:token-create                                          login       200         200         200         200         200         200
# the world's token is the home admin's
api:token-revoke                                          login       404         404         200         404         404         404
api:v1:openapi-json                                       200         200         200         200         200         200         200
api:v1:api-root                                           404         404         404         404         404         404         404
api/^v1/(?P<rest>.*)$                                     404         404         404         404         404         404         404
# the world's invitation token is not valid
invitations:accept                                        400         400         400         400         400         400         400
framework:index                                           200         200         200         200         200         200         200
framework:area                                            200         200         200         200         200         200         200
framework:module                                          200         200         200         200         200         200         200
framework:question                                        200         200         200         200         200         200         200
framework:how-scores-work                                 200         200         200         200         200         200         200
framework:glossary                                        200         200         200         200         200         200         200
framework:case-studies                                    200         200         200         200         200         200         200
framework:case-study                                      200         200         200         200         200         200         200
# Django's own site administration, guarded by is_staff and, for staff with two-factor sign-in,
# the code given in this session; object pages show the first row of their model (302 when it has
# none). Its sign-in page sends everyone to RASP's sign-in (rasp/accounts/admin_site.py)
admin:index                                               admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:login                                               login       login       login       login       login       login       302
admin:logout                                              302         302         302         302         302         302         405
admin:password_change                                     admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:password_change_done                                admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:autocomplete                                        admin-login admin-login admin-login admin-login admin-login admin-login 403
admin:jsi18n                                              admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:view_on_site                                        admin-login admin-login admin-login admin-login admin-login admin-login 404
admin:auth_group_changelist                               admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:auth_group_add                                      admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:auth_group_history                                  admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:auth_group_delete                                   admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:auth_group_change                                   admin-login admin-login admin-login admin-login admin-login admin-login 302
site-admin/auth/group/<path:object_id>/                   admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:axes_accessattempt_changelist                       admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:axes_accessattempt_add                              admin-login admin-login admin-login admin-login admin-login admin-login 403
admin:axes_accessattempt_history                          admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:axes_accessattempt_delete                           admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:axes_accessattempt_change                           admin-login admin-login admin-login admin-login admin-login admin-login 302
site-admin/axes/accessattempt/<path:object_id>/           admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:axes_accesslog_changelist                           admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:axes_accesslog_add                                  admin-login admin-login admin-login admin-login admin-login admin-login 403
admin:axes_accesslog_history                              admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:axes_accesslog_delete                               admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:axes_accesslog_change                               admin-login admin-login admin-login admin-login admin-login admin-login 200
site-admin/axes/accesslog/<path:object_id>/               admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:axes_accessfailurelog_changelist                    admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:axes_accessfailurelog_add                           admin-login admin-login admin-login admin-login admin-login admin-login 403
admin:axes_accessfailurelog_history                       admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:axes_accessfailurelog_delete                        admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:axes_accessfailurelog_change                        admin-login admin-login admin-login admin-login admin-login admin-login 302
site-admin/axes/accessfailurelog/<path:object_id>/        admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:auth_user_password_change                           admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:accounts_user_changelist                            admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:accounts_user_add                                   admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:accounts_user_history                               admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:accounts_user_delete                                admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:accounts_user_change                                admin-login admin-login admin-login admin-login admin-login admin-login 200
site-admin/accounts/user/<path:object_id>/                admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:audit_auditevent_changelist                         admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:audit_auditevent_add                                admin-login admin-login admin-login admin-login admin-login admin-login 403
admin:audit_auditevent_history                            admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:audit_auditevent_delete                             admin-login admin-login admin-login admin-login admin-login admin-login 403
admin:audit_auditevent_change                             admin-login admin-login admin-login admin-login admin-login admin-login 200
site-admin/audit/auditevent/<path:object_id>/             admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:frameworks_frameworkversion_changelist              admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:frameworks_frameworkversion_add                     admin-login admin-login admin-login admin-login admin-login admin-login 403
admin:frameworks_frameworkversion_history                 admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:frameworks_frameworkversion_delete                  admin-login admin-login admin-login admin-login admin-login admin-login 403
admin:frameworks_frameworkversion_change                  admin-login admin-login admin-login admin-login admin-login admin-login 200
site-admin/frameworks/frameworkversion/<path:object_id>/  admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:app_list                                            admin-login admin-login admin-login admin-login admin-login admin-login 200
site-admin/(?P<url>.*)$                                   admin-login admin-login admin-login admin-login admin-login admin-login 404
# django-otp's devices in the site administration (a site admin can remove a lost phone)
admin:otp_totp_totpdevice_config                          admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:otp_totp_totpdevice_qrcode                          admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:otp_totp_totpdevice_changelist                      admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:otp_totp_totpdevice_add                             admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:otp_totp_totpdevice_history                         admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:otp_totp_totpdevice_delete                          admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:otp_totp_totpdevice_change                          admin-login admin-login admin-login admin-login admin-login admin-login 200
site-admin/otp_totp/totpdevice/<path:object_id>/          admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:otp_static_staticdevice_changelist                  admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:otp_static_staticdevice_add                         admin-login admin-login admin-login admin-login admin-login admin-login 200
admin:otp_static_staticdevice_history                     admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:otp_static_staticdevice_delete                      admin-login admin-login admin-login admin-login admin-login admin-login 302
admin:otp_static_staticdevice_change                      admin-login admin-login admin-login admin-login admin-login admin-login 302
site-admin/otp_static/staticdevice/<path:object_id>/      admin-login admin-login admin-login admin-login admin-login admin-login 302
# targets, comparison, new partners and the partnership health-check
organisations:comparison                                  login       403         403         200         404         404         404
assessments:targets                                       login       403         403         200         404         404         404
reports:comparison                                        login       200         200         200         404         404         404
partnerships:health-check                                 login       200         200         200         200         404         404
partnerships:entrant                                      login       200         200         200         200         404         404
partnerships:entrant-onboarding                           login       405         405         405         405         404         404
partnerships:entrant-admit                                login       405         405         405         405         404         404
partnerships:entrant-decline                              login       403         403         200         200         404         404
# only the joining organisation's own people see its joining page; nobody here is one
partnerships:joining                                      login       404         404         404         404         404         404
# delivery: guidance is public; plans and registers belong to their partnership or organisation
delivery:guidance                                         200         200         200         200         200         200         200
delivery:guide                                            200         200         200         200         200         200         200
delivery:partnership-plan                                 login       200         200         200         200         404         404
delivery:partnership-start                                login       403         200         200         200         404         404
delivery:partnership-from-advice                          login       405         405         405         405         404         404
delivery:partnership-task-new                             login       403         200         200         200         404         404
delivery:partnership-task                                 login       403         200         200         200         404         404
delivery:partnership-task-delete                          login       403         200         200         200         404         404
delivery:partnership-plan-download                        login       200         200         200         200         404         404
delivery:partnership-register                             login       200         200         200         200         404         404
delivery:partnership-benefit-new                          login       403         200         200         200         404         404
delivery:partnership-benefit                              login       200         200         200         200         404         404
delivery:partnership-benefit-edit                         login       403         200         200         200         404         404
delivery:partnership-benefit-delete                       login       403         200         200         200         404         404
delivery:partnership-actual-new                           login       403         200         200         200         404         404
delivery:partnership-actual-delete                        login       403         200         200         200         404         404
delivery:partnership-register-download                    login       200         200         200         200         404         404
# the organisation's own plan and register (ids from tests/security/world.py)
delivery:organisation-plan                                login       200         200         200         404         404         404
delivery:organisation-start                               login       403         200         200         404         404         404
delivery:organisation-from-advice                         login       405         405         405         404         404         404
delivery:organisation-task-new                            login       403         200         200         404         404         404
delivery:organisation-task                                login       403         200         200         404         404         404
delivery:organisation-task-delete                         login       403         200         200         404         404         404
delivery:organisation-plan-download                       login       200         200         200         404         404         404
delivery:organisation-register                            login       200         200         200         404         404         404
delivery:organisation-benefit-new                         login       403         200         200         404         404         404
delivery:organisation-benefit                             login       200         200         200         404         404         404
delivery:organisation-benefit-edit                        login       403         200         200         404         404         404
delivery:organisation-benefit-delete                      login       403         200         200         404         404         404
delivery:organisation-actual-new                          login       403         200         200         404         404         404
delivery:organisation-actual-delete                       login       403         200         200         404         404         404
delivery:organisation-register-download                   login       200         200         200         404         404         404
# the partnership view as PDF, Word, Excel, CSV or JSON: members only
partnerships:download                                     login       200         200         200         200         404         404
"""

# Each API operation, by its OpenAPI operationId (GET, or its method with a valid body).
API = """
OPERATION                                                 anonymous   viewer      contributor org_admin   coordinator outsider    site_admin
frameworks_list                                           401         200         200         200         200         200         200
framework_get                                             401         200         200         200         200         200         200
organisations_list                                        401         200         200         200         200         200         200
assessments_list                                          401         200         200         200         404         404         404
assessment_create                                         401         403         403         201         404         404         404
assessment_get                                            401         200         200         200         404         404         404
answers_list                                              401         200         200         200         404         404         404
# the contributor and the admin are respondents; viewers never answer
answer_put                                                401         403         200         200         404         404         404
# results and actions: admins any time, others once the assessment is closed (it is open)
results_get                                               401         403         403         200         404         404         404
actions_list                                              401         403         403         200         404         404         404
action_create                                             401         403         403         201         404         404         404
action_put                                                401         403         403         200         404         404         404
# delivery: a partnership's transition plan and benefits register ({owner} is "partnerships")
transition_plan_get                                       401         200         200         200         200         404         404
transition_task_create                                    401         403         201         201         201         404         404
# one version in the body, and the contributor's save comes first: the later ones are stale
transition_task_put                                       401         403         200         409         409         404         404
benefits_list                                             401         200         200         200         200         404         404
# the fixed body names an organisation outside the programme: refused as bad input, after access
benefit_create                                            401         403         400         400         400         404         404
benefit_put                                               401         403         400         400         400         404         404
benefit_actual_put                                        401         403         200         200         200         404         404
# a caller's own partnerships (an empty list for those in none); results for members only
partnerships_list                                         401         200         200         200         200         200         200
partnership_results                                       401         200         200         200         200         404         404
"""
