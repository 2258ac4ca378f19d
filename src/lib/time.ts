export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
export const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);
