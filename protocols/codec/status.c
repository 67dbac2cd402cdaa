#include "codec/status.h"

const char* hbp_status_name(int status) {
  switch (status) {
    case HBP_OK:
      return "HBP_OK";
    case HBP_ERR_ARG:
      return "HBP_ERR_ARG";
    case HBP_ERR_NOSPACE:
      return "HBP_ERR_NOSPACE";
    case HBP_ERR_TRUNCATED:
      return "HBP_ERR_TRUNCATED";
    case HBP_ERR_TRAILING:
      return "HBP_ERR_TRAILING";
    case HBP_ERR_COBS:
      return "HBP_ERR_COBS";
    case HBP_ERR_CRC:
      return "HBP_ERR_CRC";
    case HBP_ERR_VERSION:
      return "HBP_ERR_VERSION";
    case HBP_ERR_LENGTH:
      return "HBP_ERR_LENGTH";
    case HBP_ERR_TOO_LONG:
      return "HBP_ERR_TOO_LONG";
    case HBP_ERR_RANGE:
      return "HBP_ERR_RANGE";
    case HBP_ERR_WINDOW_FULL:
      return "HBP_ERR_WINDOW_FULL";
    case HBP_ERR_LINK_DEAD:
      return "HBP_ERR_LINK_DEAD";
    case HBP_ERR_SEQUENCE:
      return "HBP_ERR_SEQUENCE";
    default:
      return "HBP_UNKNOWN";
  }
}
