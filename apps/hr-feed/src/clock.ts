/** The current instant, injected so specs can fix "today" in Europe/Stockholm. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
