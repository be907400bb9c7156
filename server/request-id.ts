// Every request gets an id (the caller's X-Request-Id if it is sane), echoed back and put on each log line.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

const SANE = /^[\w.-]{1,64}$/;

export const requestId: RequestHandler = (req, res, next) => {
  const given = req.get('x-request-id');
  req.id = given && SANE.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', req.id);
  next();
};
