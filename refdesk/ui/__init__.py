"""The desktop app: Qt widgets over the library service.

Nothing here touches the database or the network directly; every read and
write goes through :mod:`refdesk.library`, :mod:`refdesk.importing` and
:mod:`refdesk.exporting`, and slow calls run through :mod:`refdesk.ui.tasks`.
"""
