/** The NOTIFY channel that wakes event dispatchers (the event log's trigger names it too, in SQL). */
export const eventsChannel = 'atelier_events';
