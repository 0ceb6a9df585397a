// The generated client names fetch's BodyInit, a DOM global; Node's types keep it in undici-types.
type BodyInit = import('undici-types').BodyInit;
